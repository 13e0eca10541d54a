"""The reports' staff pages, mounted at /bao-cao/ (namespace `reports`), one module per area: a commune's
periodic report, a supervisor's roll-up and the dashboards."""

from . import urls_dashboard, urls_report, urls_rollup

app_name = "reports"

urlpatterns = [
    *urls_report.urlpatterns,
    *urls_rollup.urlpatterns,
    *urls_dashboard.urlpatterns,
]
