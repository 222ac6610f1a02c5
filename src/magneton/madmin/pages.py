"""stub"""
def add_routes(app, ctx, gate, base):
    pass
