from rest_framework.routers import SimpleRouter

from core.people.api.views import EmployeeViewSet

router = SimpleRouter()
router.register("employees", EmployeeViewSet, basename="employee")
urlpatterns = router.urls
