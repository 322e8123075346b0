import pytest

from tests.factories import load_reference_data


@pytest.fixture
def loaded(connector):
    """Reference data in place; answers the connector client."""
    load_reference_data(connector)
    return connector
