"""Geography: geofences and metric distances."""
