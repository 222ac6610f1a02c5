"""Routing core: clustering, tours, init grids, subroutes and priority queues. Pure and DB-free."""
