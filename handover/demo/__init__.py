"""The demo office: an invented city, its departments and staff, for `handover demo`."""
