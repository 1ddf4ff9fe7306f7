"""Signals of the monitoring room for the rooms above it (they connect; monitoring knows none of them)."""

from django.dispatch import Signal

# Sent (sender=IndicatorRecord, records=[…]) after a bulk import wrote S7 indicator records in one go: a bulk insert
# sends no post_save per row, so whoever keeps figures computed from the records (the dashboard) hears it here.
indicators_imported = Signal()
