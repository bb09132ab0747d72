"""Talking to the outside world on behalf of the app (storage floor): the link checker and the e-mail sender."""
