"""The reference-data maps of dual-write-reference.md section 2.4, and the legal-entity map
that every company-striped row depends on."""

from app.maps import options
from app.maps.customers import lookup
from app.maps.types import Direction, EntityMap, FieldMap, FieldType


def _reference(
    kind: str,
    fno_entity_set: str,
    dataverse_entity_set: str,
    key: tuple[str, ...],
    *fields: FieldMap,
    company_specific: bool = True,
) -> EntityMap:
    return EntityMap(
        name=kind,
        kind="reference",
        reference_kind=kind,
        fno_entity_set=fno_entity_set,
        dataverse_entity_set=dataverse_entity_set,
        key=key,
        fields=fields,
        company_specific=company_specific,
    )


def _flag(canonical: str, fno: str, dataverse: str) -> FieldMap:
    return FieldMap(canonical, fno, dataverse, type=FieldType.OPTION, options=options.NO_YES)


def _option(canonical: str, fno: str, dataverse: str, option_set) -> FieldMap:
    return FieldMap(canonical, fno, dataverse, type=FieldType.OPTION, options=option_set)


def _number(canonical: str, fno: str, dataverse: str, type: FieldType = FieldType.INTEGER) -> FieldMap:
    return FieldMap(canonical, fno, dataverse, type=type)


_NAME = FieldMap("name", "Name", "msdyn_name")
_DESCRIPTION = FieldMap("description", "Description", "msdyn_description")

COMPANIES = _reference(
    "company",
    "LegalEntities",
    "cdm_companies",
    ("company_code",),
    FieldMap("company_code", "LegalEntityId", "cdm_companycode", type=FieldType.COMPANY),
    FieldMap("name", "Name", "cdm_name"),
    company_specific=False,
)

CUSTOMER_GROUPS = _reference(
    "customer_group",
    "CustomerGroups",
    "msdyn_customergroups",
    ("customer_group_id",),
    FieldMap("customer_group_id", "CustomerGroupId", "msdyn_groupid"),
    _DESCRIPTION,
    _flag("sales_tax_included_in_price", "IsSalesTaxIncludedInPrice", "msdyn_issalestaxincludedinprice"),
    lookup("payment_terms", "PaymentTermId", "msdyn_paymenttermid", "msdyn_name", "payment_terms"),
    lookup(
        "clearing_period",
        "ClearingPeriodPaymentTermName",
        "msdyn_clearingperiodpaymenttermname",
        "msdyn_name",
        "clearing_period",
        must_exist=False,
    ),
)

PAYMENT_METHODS = _reference(
    "payment_method",
    "CustomerPaymentMethods",
    "msdyn_customerpaymentmethods",
    ("name",),
    _NAME,
    _DESCRIPTION,
    _option("account_type", "AccountType", "msdyn_accounttype", options.ACCOUNT_TYPE),
    _option("payment_type", "PaymentType", "msdyn_paymenttype", options.PAYMENT_TYPE),
    _number("discount_grace_period_days", "DiscountGracePeriodDays", "msdyn_discountgraceperioddays"),
    _flag("is_sepa", "IsSEPA", "msdyn_issepa"),
    _flag("direct_debit", "DirectDebit", "msdyn_directdebit"),
    _flag("bridging_posting_enabled", "BridgingPostingEnabled", "msdyn_bridgingpostingenabled"),
    _option("sum_by_period", "SumByPeriod", "msdyn_sumbyperiod", options.SUM_BY_PERIOD),
)

LOYALTY_CARDS = _reference(
    "loyalty_card",
    "RetailLoyaltyCards",
    "msdyn_loyaltycards",
    ("card_number",),
    FieldMap("card_number", "CardNumber", "msdyn_cardnumber"),
    _option("card_tender_type", "CardTenderType", "msdyn_cardtendertype", options.CARD_TENDER_TYPE),
    FieldMap("party_number", "PartyNumber", "msdyn_partynumber"),
    FieldMap(
        "replacement_card_number",
        "ReplacementCardNumber",
        "msdyn_replacementcardnumber",
        direction=Direction.FNO_TO_DATAVERSE,
    ),
    FieldMap("operating_unit_number", "OMOperatingUnitNumber", "msdyn_operatingunitnumber"),
    FieldMap("enrollment_date", "LoyaltyEnrollmentDate", "msdyn_enrollmentdate", type=FieldType.DATE),
    company_specific=False,
)

PAYMENT_SCHEDULES = _reference(
    "payment_schedule",
    "PaymentSchedules",
    "msdyn_paymentschedules",
    ("name",),
    _NAME,
    _DESCRIPTION,
    FieldMap("notes", "Notes", "msdyn_note"),
    _number("payment_frequency", "PaymentFrequency", "msdyn_paymentfrequency"),
    _number("number_of_payments", "NumberOfPayments", "msdyn_numberofpayments"),
    _number("fixed_payment_amount", "FixedPaymentAmount", "msdyn_fixedpaymentamount", FieldType.DECIMAL),
    _number(
        "minimum_payment_amount", "MinimumPaymentAmount", "msdyn_minimumpaymentamount", FieldType.DECIMAL
    ),
    _option("allocation_method", "AllocationMethod", "msdyn_allocationmethod", options.ALLOCATION_METHOD),
    _option(
        "payment_frequency_units",
        "PaymentFrequencyUnits",
        "msdyn_paymentfrequencyunit",
        options.PAYMENT_FREQUENCY_UNIT,
    ),
    _option(
        "sales_tax_allocation_method",
        "SalesTaxAllocationMethod",
        "msdyn_salestaxallocationmethod",
        options.SALES_TAX_ALLOCATION_METHOD,
    ),
)

PAYMENT_SCHEDULE_LINES = _reference(
    "payment_schedule_line",
    "PaymentScheduleLines",
    "msdyn_paymentschedulelines",
    ("payment_schedule", "line_number"),
    lookup(
        "payment_schedule", "PaymentScheduleName", "msdyn_paymentschedule", "msdyn_name", "payment_schedule"
    ),
    _number("line_number", "LineNumber", "msdyn_linenumber"),
    _number("periods_after_due_date", "PeriodsAfterDueDate", "msdyn_periodsafterduedate"),
    _option("percent_or_amount", "PercentOrAmount", "msdyn_percentoramount", options.PERCENT_OR_AMOUNT),
    _number(
        "percent_or_amount_value", "PercentOrAmountValue", "msdyn_percentoramountvalue", FieldType.DECIMAL
    ),
)

PAYMENT_DAYS = _reference(
    "payment_day",
    "PaymentDaysCds",
    "msdyn_paymentdays",
    ("name",),
    _NAME,
    _DESCRIPTION,
)

PAYMENT_DAY_LINES = _reference(
    "payment_day_line",
    "PaymentDayLinesCdsV2",
    "msdyn_paymentdaylines",
    ("payment_day", "line_number"),
    lookup("payment_day", "Name", "msdyn_paymentday", "msdyn_name", "payment_day"),
    _number("line_number", "LineNumber", "msdyn_linenumber"),
    _option("frequency", "Frequency", "msdyn_frequency", options.PAYMENT_DAY_FREQUENCY),
    _option("day_of_week", "DayOfWeek", "msdyn_dayofweek", options.DAY_OF_WEEK),
    _number("day_of_month", "DayOfMonth", "msdyn_dayofmonth"),
)

PAYMENT_TERMS = _reference(
    "payment_terms",
    "PaymentTerms",
    "msdyn_paymentterms",
    ("name",),
    _NAME,
    _DESCRIPTION,
    _number("number_of_months", "NumberOfMonths", "msdyn_numberofmonth"),
    _number("number_of_days", "NumberOfDays", "msdyn_days"),
    _number("cut_off_day_of_month", "CutOffDayOfMonth", "msdyn_cutoffdayofmonth"),
    lookup("payment_day", "PaymentDayName", "msdyn_paymentdayname", "msdyn_name", "payment_day"),
    lookup(
        "payment_schedule",
        "PaymentScheduleName",
        "msdyn_paymentschedulename",
        "msdyn_name",
        "payment_schedule",
    ),
    _flag("is_cash_payment", "IsCashPayment", "msdyn_iscashpayment"),
    _flag("is_certified_company_check", "IsCertifiedCompanyCheck", "msdyn_iscertifiedcompanycheck"),
    _flag("is_default_payment_term", "IsDefaultPaymentTerm", "msdyn_isdefaultpaymentterm"),
    _option(
        "payment_method_type", "PaymentMethodType", "msdyn_paymentmethodtype", options.PAYMENT_METHOD_TYPE
    ),
)

NAME_AFFIXES = _reference(
    "name_affix",
    "NameAffixes",
    "msdyn_nameaffixes",
    ("affix_type", "affix"),
    _option("affix_type", "Type", "msdyn_affixtype", options.AFFIX_TYPE),
    FieldMap("affix", "Affix", "msdyn_affix"),
    _DESCRIPTION,
    company_specific=False,
)

REFERENCE_MAPS = (
    COMPANIES,
    PAYMENT_DAYS,
    PAYMENT_DAY_LINES,
    PAYMENT_SCHEDULES,
    PAYMENT_SCHEDULE_LINES,
    PAYMENT_TERMS,
    CUSTOMER_GROUPS,
    PAYMENT_METHODS,
    NAME_AFFIXES,
    LOYALTY_CARDS,
)
