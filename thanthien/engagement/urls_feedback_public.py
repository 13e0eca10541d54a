"""The public feedback pages (issue 9 item 7): being written in this session."""

app_name = "engagement_feedback"
urlpatterns: list = []
