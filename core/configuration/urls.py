app_name = "configuration"
urlpatterns: list = []
