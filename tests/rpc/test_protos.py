"""The generated code is checked in; `make protos` must not change it."""

from pathlib import Path

from magneton.rpc import protoc


def test_regenerating_yields_the_checked_in_files(tmp_path: Path):
    written = protoc.generate(tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(p.name for p in protoc.GENERATED.iterdir() if p.is_file())
    for path in written:
        assert path.read_bytes() == (protoc.GENERATED / path.name).read_bytes(), f"{path.name} is stale: make protos"


def test_mad_package_and_service_names():
    from magneton.rpc.generated import mapping_manager_pb2, mitm_mapper_pb2, stats_handler_pb2

    assert mitm_mapper_pb2.DESCRIPTOR.services_by_name["MitmMapper"].full_name == "mapadroid.mitm_mapper.MitmMapper"
    assert (stats_handler_pb2.DESCRIPTOR.services_by_name["StatsHandler"].full_name
            == "mapadroid.stats_handler.StatsHandler")
    mapping = mapping_manager_pb2.DESCRIPTOR.services_by_name["MappingManager"]
    assert mapping.full_name == "mapadroid.mapping_manager.MappingManager"
    assert {"GetAllowedAuthenticationCredentials", "GetAllLoadedOrigins", "GetSafeItemsNotToDelete",
            "IsRoutemanagerOfOriginLevelmode", "GetQuestLayerToScanOfOrigin",
            "IncrementLoginTrackingByOrigin"} <= set(mapping.methods_by_name)
