"""The generated code is checked in; `make protos` must not change it."""

import subprocess
import sys
from pathlib import Path

from magneton.rpc import protoc

ROOT = Path(__file__).resolve().parents[2]


def test_regenerating_yields_the_checked_in_files(tmp_path: Path):
    # In a process of its own: grpc_tools' protobuf runtime aborts the interpreter when OR-Tools' copy of
    # protobuf was loaded first, as it is in a full test run.
    result = subprocess.run([sys.executable, "-m", "magneton.rpc.protoc", str(tmp_path)], capture_output=True,
                            text=True, timeout=120, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    written = [Path(line) for line in result.stdout.split()]
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
