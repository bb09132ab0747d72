"""A unit's ITA year kept in a Google Sheet (gspread): the layout of the sheet and reading it within the API's
limits. Work in progress (issue 7): reading is here; writing back, provisioning and the province over sheets
are not yet."""
