from django.dispatch import Signal

# Sent after a unit's calendar changed (unit=None: nationwide) so that apps holding due dates
# can recompute them: kwargs unit, first_day (the earliest day affected).
calendar_changed = Signal()
