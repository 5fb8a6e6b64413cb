from django.db import migrations, models


def incident_veto_from_register(apps, schema_editor):
    # The template's veto 发生区域性、系统性重大质量安全事件 is decided by the incidents register from now on.
    Item = apps.get_model("assessments", "Item")
    Item.objects.filter(code="veto-incident", scoring="veto").update(veto_source="incidents")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_measured_status_incomplete")]

    operations = [
        migrations.AddField(
            model_name="item",
            name="veto_source",
            field=models.CharField(
                blank=True,
                help_text="由登记簿判定的否决项（如 incidents：质量安全事故登记）；留空则由办公室审核时认定并写明理由。",
                max_length=20,
                verbose_name="否决依据",
            ),
        ),
        migrations.AddField(
            model_name="historicalitem",
            name="veto_source",
            field=models.CharField(
                blank=True,
                help_text="由登记簿判定的否决项（如 incidents：质量安全事故登记）；留空则由办公室审核时认定并写明理由。",
                max_length=20,
                verbose_name="否决依据",
            ),
        ),
        migrations.RunPython(incident_veto_from_register, migrations.RunPython.noop),
    ]
