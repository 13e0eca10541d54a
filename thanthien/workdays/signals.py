from django.dispatch import Signal

# Sent after a unit's calendar changed and committed (unit=None: nationwide); kwargs unit, first_day (the earliest
# day affected). Due dates are not recomputed from here: that runs inside the change's own transaction through
# the holders registered in `impact`, so that the page can show what moved. This is for other side effects.
calendar_changed = Signal()
