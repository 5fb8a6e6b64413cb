"""django-import-export resources: the column layout of spot-check tables, foreign keys by natural key.

The import itself does not go through the resource's per-row path (see services.import_run: validated
in bulk, written with COPY); the resource gives the downloadable template the headers that
importing.HEADERS recognises first.
"""

from import_export import fields, resources, widgets

from inspections.importing import HEADERS
from inspections.models import SpotCheckResult


def _column(attribute: str, name: str, widget=None) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=HEADERS.aliases[name][0], widget=widget)


class SpotCheckResultResource(resources.ModelResource):
    product_name = _column("product_name", "product_name")
    specification = _column("specification", "specification")
    trademark = _column("trademark", "trademark")
    production = _column("batch_no", "production")
    sampled_unit_name = _column("sampled_unit_name", "sampled_unit_name")
    sampled_unit_uscc = _column(
        "sampled_unit", "sampled_unit_code", widgets.ForeignKeyWidget("organizations.Enterprise", "uscc")
    )
    sampled_unit_address = _column("sampled_unit_address", "sampled_unit_address")
    place = _column("region", "place", widgets.ForeignKeyWidget("organizations.Region", "name"))
    producer_name = _column("producer_name", "producer_name")
    producer_address = _column("producer_address", "producer_address")
    producer_uscc = _column(
        "producer", "producer_code", widgets.ForeignKeyWidget("organizations.Enterprise", "uscc")
    )
    sampled_on = _column("sampled_on", "sampled_on", widgets.DateWidget("%Y-%m-%d"))
    agency = _column("agency", "agency")
    conclusion = _column("conclusion", "conclusion")
    failed_items = _column("failed_items", "failed_items")
    retest_conclusion = _column("retest_conclusion", "retest")

    class Meta:
        model = SpotCheckResult
        fields = [
            "product_name",
            "specification",
            "trademark",
            "production",
            "sampled_unit_name",
            "sampled_unit_uscc",
            "sampled_unit_address",
            "place",
            "producer_name",
            "producer_address",
            "producer_uscc",
            "sampled_on",
            "agency",
            "conclusion",
            "failed_items",
            "retest_conclusion",
        ]
        export_order = fields
        import_id_fields = []
