"""A unit's ITA year kept in a Google Sheet (gspread): the sheet's layout (``layout``), reading it within the API's
limits (``source``), the store that serves linked units from their sheets (``store``), and setting a sheet up
(``provision``). ``docs/google-sheet.md`` describes it for the people who use it."""
