"""The registers' downloads (CSV, XLSX): /tiep-cong-dan/xuat/<kind>/?format=csv|xlsx[&unit=CODE]."""

from django.urls import path

from . import exports

urlpatterns = [
    path("xuat/<slug:kind>/", exports.export_register, name="export"),
]
