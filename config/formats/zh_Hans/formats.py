"""zh-Hans formats for the portal; Django's own zh_Hans module fills in the rest.

Dates read 2015-03-02 as in the office's spreadsheets, and `intcomma` groups thousands (1,234,567): Django's
zh_Hans defines no separator, so grouping did nothing. USE_THOUSAND_SEPARATOR stays off, so years and codes
printed as plain numbers are never grouped.
"""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
