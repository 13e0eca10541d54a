"""The petition pages (issue 9 items 3 and 4), added to the engagement namespace by urls.py."""

from django.urls import path

from . import views_petitions as views

urlpatterns = [
    path("don-thu/", views.petition_list, name="petition_list"),
    path("don-thu/tiep-nhan/", views.petition_create, name="petition_create"),
    path("don-thu/den-han/", views.petition_queue, name="petition_queue"),
    path("don-thu/thoi-han/", views.limit_rules, name="limit_rules"),
    path("don-thu/thoi-han/them/", views.limit_rule_add, name="limit_rule_add"),
    path("don-thu/thoi-han/<int:pk>/can-cu/", views.limit_rule_basis, name="limit_rule_basis"),
    path("don-thu/<int:pk>/", views.petition_detail, name="petition_detail"),
    path("don-thu/<int:pk>/sua/", views.petition_edit, name="petition_edit"),
    path("don-thu/<int:pk>/tach-don/", views.petition_split, name="petition_split"),
    path("don-thu/<int:pk>/phan-loai/", views.petition_classify, name="petition_classify"),
    path("don-thu/<int:pk>/thu-ly/", views.petition_accept, name="petition_accept"),
    path("don-thu/<int:pk>/gia-han/", views.petition_extend, name="petition_extend"),
    path("don-thu/<int:pk>/ket-qua/", views.petition_resolve, name="petition_resolve"),
    path("don-thu/<int:pk>/rut-don/", views.petition_withdraw, name="petition_withdraw"),
    path("don-thu/<int:pk>/van-ban/<slug:kind>.pdf", views.petition_notice, name="petition_notice"),
]
