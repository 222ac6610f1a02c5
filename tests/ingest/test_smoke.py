from magneton.db.models import TrsS2Cell
from tests.ingest.conftest import Stack


async def test_minimal_gmo_writes_its_cell(stack: Stack):
    await stack.send("106_minimal.json")
    row = await stack.one(TrsS2Cell)
    assert row["id"] == 5163462868904968192
    assert row["level"] == 15
    assert round(row["center_latitude"], 6) == 52.521766 and round(row["center_longitude"], 6) == 13.412994
    assert row["updated"] == 1717243198
