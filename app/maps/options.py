"""Option sets of dual-write-reference.md: F&O enum name -> Dataverse option value."""

from app.maps.types import OptionSet

NO_YES = OptionSet("NoYes", {"No": False, "Yes": True}, boolean=True)
ON_HOLD_STATUS = OptionSet(
    "OnHoldStatus",
    {
        "No": 806380000,
        "Invoice": 806380001,
        "All": 806380002,
        "Payment": 806380003,
        "Requisition": 806380004,
        "Never": 806380005,
    },
)
GENDER = OptionSet("Gender", {"Male": 1, "Female": 2})
MARITAL_STATUS = OptionSet("MaritalStatus", {"Single": 1, "Married": 2, "Divorced": 3, "Widowed": 4})
ACCOUNT_TYPE = OptionSet(
    "LedgerJournalACType",
    {
        "Ledger": 806380000,
        "Cust": 806380001,
        "Vend": 806380002,
        "Project": 806380003,
        "FixedAssets": 806380004,
        "Bank": 806380005,
    },
)
PAYMENT_TYPE = OptionSet(
    "PaymentType",
    {
        "Other": 806380000,
        "ElectronicPayment": 806380001,
        "Check": 806380002,
        "BillOfExchange": 806380003,
        "CreditCard": 806380004,
    },
)
SUM_BY_PERIOD = OptionSet(
    "SumByPeriod", {"Invoice": 806380000, "TransDate": 806380001, "Week": 806380002, "Total": 806380003}
)
CARD_TENDER_TYPE = OptionSet(
    "CardTenderType",
    {"AsCardTender": 806380000, "AsContactTender": 806380001, "NoTender": 806380002, "Blocked": 806380003},
)
ALLOCATION_METHOD = OptionSet(
    "AllocationMethod",
    {"Total": 806380000, "AmountByPayment": 806380001, "NumOfPayment": 806380002, "Specified": 806380003},
)
PAYMENT_FREQUENCY_UNIT = OptionSet(
    "PaymentFrequencyUnits", {"Day": 806380000, "Month": 806380001, "Year": 806380002}
)
SALES_TAX_ALLOCATION_METHOD = OptionSet(
    "SalesTaxAllocationMethod", {"Proportional": 806380000, "FirstRate": 806380001, "LastRate": 806380002}
)
PERCENT_OR_AMOUNT = OptionSet("PercentOrAmount", {"Percent": 806380000, "Amount": 806380001})
PAYMENT_DAY_FREQUENCY = OptionSet("PaymentDayFrequency", {"Week": 806380000, "Month": 806380001})
DAY_OF_WEEK = OptionSet(
    "DayOfWeek",
    {
        "None": 806380000,
        "Monday": 806380001,
        "Tuesday": 806380002,
        "Wednesday": 806380003,
        "Thursday": 806380004,
        "Friday": 806380005,
        "Saturday": 806380006,
        "Sunday": 806380007,
    },
)
PAYMENT_METHOD_TYPE = OptionSet(
    "NetCurrent",
    {
        "Net": 806380991,
        "CurrentMth": 806380992,
        "CurrentQuart": 806380993,
        "CurrentYear": 806380994,
        "CurrentWeek": 806380995,
        "COD": 806380996,
        "CutOffDate": 806380997,
    },
)
AFFIX_TYPE = OptionSet("AffixType", {"PersonalPrefix": 806380000, "PersonalSuffix": 806380001})
ASSOCIATED_CONTACT_TYPE = OptionSet("AssociatedContactType", {"Customer": 1, "Vendor": 2})
