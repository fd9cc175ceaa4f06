from django.db import models

AUTH_USER_MODEL = "accounts.User"
DEFAULT_MODEL_ADMIN = "admin/base_site.html"


class CarModel(models.Model):
    brand = models.CharField(max_length=40)
    model_name = models.CharField(max_length=80, default="unknown/none")
    price_model = models.CharField(default="flat/rate", max_length=20)

    class Meta:
        app_label = "inventory"


def resolve_template(model):
    return f"inventory/{model.model_name}.html"


serializer_model = CarModel
related_models = ["auth.User", "inventory.CarModel"]
pricing_model = "tiered/annual"
