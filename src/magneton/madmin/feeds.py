"""stub"""
def add_routes(app, ctx):
    pass
