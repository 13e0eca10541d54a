"""The programme's staff pages, mounted at /mo-hinh/ (namespace `programme`), one module per area: the model at
a commune (stages, steps, profile, documents, board), its people (commitments, officials, activities), judging
(inspections, recognition, roll-out) and scoring."""

from . import urls_judging, urls_model, urls_people, urls_scoring

app_name = "programme"

urlpatterns = [
    *urls_model.urlpatterns,
    *urls_people.urlpatterns,
    *urls_judging.urlpatterns,
    *urls_scoring.urlpatterns,
]
