app_name = "revenue"
urlpatterns: list = []
