"""The pages of area 'people' of the programme app (see urls.py): officials, the commitment and its signatures,
activities."""

from django.urls import URLPattern, path

from . import views_people as views

urlpatterns: list[URLPattern] = [
    path("can-bo/", views.officials, name="officials"),
    path("can-bo/them/", views.official_create, name="official_create"),
    path("can-bo/<int:pk>/sua/", views.official_edit, name="official_edit"),
    path("can-bo/<int:pk>/dien-thoai/", views.official_phone, name="official_phone"),
    path("cam-ket/", views.commitments, name="commitments"),
    path("cam-ket/ky/", views.commitment_sign, name="commitment_sign"),
    path("cam-ket/chua-ky.pdf", views.commitment_unsigned_pdf, name="commitment_unsigned_pdf"),
    path("cam-ket/phien-ban-moi/", views.commitment_text_new, name="commitment_text_new"),
    path("cam-ket/ban-ky/<int:pk>/", views.signature_scan, name="signature_scan"),
    path("hoat-dong/", views.activities, name="activities"),
    path("hoat-dong/them/", views.activity_create, name="activity_create"),
    path("hoat-dong/<int:pk>/sua/", views.activity_edit, name="activity_edit"),
    path("hoat-dong/<int:pk>/anh/", views.activity_photo, name="activity_photo"),
]
