"""Decoded features are reused only while the stored row is the one they were decoded from."""

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from app.matching import features_cache
from models import MatchFeatures, SourceRecord, utc_now
from tests.factories import fno_organization, ingest, load_reference_data


def test_features_written_elsewhere_replace_what_this_process_decoded(connector, engine):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    with Session(engine) as session:
        record_id = session.exec(select(SourceRecord.id).where(SourceRecord.key == "US-001")).one()
        assert features_cache.features_of(session, [record_id])[record_id].organization == "contoso"
        stored = session.exec(select(MatchFeatures).where(MatchFeatures.source_record_id == record_id)).one()
        # another hub process re-standardises the record
        session.execute(
            update(MatchFeatures)
            .where(MatchFeatures.source_record_id == record_id)
            .values(
                features={**stored.features, "organization": "fabrikam"},
                updated_at=utc_now() + timedelta(seconds=1),
            )
        )
        assert features_cache.features_of(session, [record_id])[record_id].organization == "fabrikam"
        assert [f.organization for f in features_cache.all_features(session)] == ["fabrikam"]
        session.rollback()
        assert features_cache.features_of(session, [record_id])[record_id].organization == "contoso"
