"""Outbound writes planned from golden changes: what each system is sent, when a row is created on the other
side, and when a write waits."""

from sqlalchemy import Engine
from sqlmodel import select

from app.connectors import planner
from app.core.db import session_scope
from models import OutboundWrite
from tests.factories import (
    dataverse_account,
    dataverse_company,
    fno_organization,
    fno_person,
    ingest,
    load_reference_data,
)

EVERYWHERE = planner.PublishPolicy(create="*")
NOWHERE = planner.PublishPolicy(create="")


def _writes(engine: Engine, **where: str) -> list[OutboundWrite]:
    with session_scope(engine, write=False) as session:
        statement = select(OutboundWrite).order_by(OutboundWrite.id)
        for name, value in where.items():
            statement = statement.where(getattr(OutboundWrite, name) == value)
        return [write.model_copy() for write in session.exec(statement)]


def test_a_matched_customer_sends_each_side_the_values_it_lacks_in_its_own_schema(engine, connector):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    ingest(connector, "dataverse", "accounts", [dataverse_account()])

    assert planner.plan_pending(engine, NOWHERE) == 2
    to_dataverse = _writes(engine, system="dataverse")[-1]
    to_fno = _writes(engine, system="fno")[-1]

    assert (to_dataverse.action, to_dataverse.key, to_dataverse.status) == ("update", "ACC-001", "pending")
    assert to_dataverse.etag == 'W/"1001"'  # the update is conditional on the row the hub read
    assert to_dataverse.fields["accountnumber"] == "ACC-001"
    assert to_dataverse.fields["msdyn_company"] == {"cdm_companycode": "usmf"}
    assert to_dataverse.fields["creditlimit"] == 50000  # financial fields survive from F&O
    assert to_dataverse.fields["msdyn_creditlimitismandatory"] is True  # NoYes to a boolean
    assert to_dataverse.fields["msdyn_paymentschedule"] == {"msdyn_name": "3x"}  # lookups by natural key
    assert "name" not in to_dataverse.fields and "telephone1" not in to_dataverse.fields  # its own won

    assert (to_fno.action, to_fno.key, to_fno.fields["dataAreaId"]) == ("update", "US-001", "usmf")
    assert to_fno.fields == {
        "CustomerAccount": "US-001",
        "dataAreaId": "usmf",
        "OrganizationName": "Contoso Limited",  # the more recent name
        "PrimaryContactEmail": "Sales@Contoso.com",
        "PrimaryContactPhone": "(425) 555-0100",  # contact channels survive from Dataverse
    }


def test_a_customer_in_one_system_only_is_created_in_the_other(engine, connector):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [fno_person()])

    planner.plan_pending(engine, EVERYWHERE)
    (create,) = _writes(engine, action="create")
    assert (create.system, create.entity_set, create.company, create.key) == (
        "dataverse",
        "contacts",
        "usmf",
        "US-002",
    )
    assert create.status == "pending"
    assert create.fields["msdyn_contactpersonid"] == "US-002"
    assert create.fields["msdyn_sellable"] is True
    assert create.fields["msdyn_company"] == {"cdm_companycode": "usmf"}
    assert create.fields["gendercode"] == 2
    assert create.fields["address1_country"] == "USA"
    assert create.fields["msdyn_customergroupid"] == {"msdyn_groupid": "10"}
    assert "transactioncurrencyid" not in create.fields  # the hub holds no currency table to bind to


def test_creating_can_be_switched_off_per_company_and_entity_set(engine, connector):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [fno_person()])
    planner.plan_pending(engine, planner.PublishPolicy(create="demf:*,usmf:accounts"))
    assert _writes(engine, action="create") == []


def test_a_create_whose_lookup_is_missing_on_the_other_side_waits_with_the_reason(engine, connector):
    load_reference_data(connector)
    ingest(
        connector,
        "dataverse",
        "msdyn_customergroups",
        [{**dataverse_company(), "msdyn_groupid": "99", "msdyn_description": "Dataverse only"}],
    )
    ingest(
        connector, "dataverse", "accounts", [dataverse_account(msdyn_customergroupid={"msdyn_groupid": "99"})]
    )

    planner.plan_pending(engine, EVERYWHERE)
    (create,) = _writes(engine, action="create")
    assert (create.system, create.key, create.status) == ("fno", "ACC-001", "waiting")
    assert "customer group '99' does not exist in fno company 'usmf'" in create.reason
    assert create.fields["CustomerGroupId"] == "99"


def test_a_newer_plan_supersedes_the_write_not_sent_yet(engine, connector):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    ingest(connector, "dataverse", "accounts", [dataverse_account()])
    planner.plan_pending(engine, NOWHERE)
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=75000)])
    planner.plan_pending(engine, NOWHERE)

    to_dataverse = _writes(engine, system="dataverse")
    assert [write.status for write in to_dataverse] == ["superseded", "pending"]
    assert to_dataverse[-1].fields["creditlimit"] == 75000
