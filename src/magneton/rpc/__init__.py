"""gRPC for the split deployment: .proto files (protos/), generated code (generated/, `make protos`), and a
server and a client per service. A server wraps the in-process implementation; a client implements the
same Protocol, so a component never knows which one it was handed."""
