"""Reference data: the ten recommending districts (GLOSSARY) and the industry clusters/chains (G1).

Both lists are editable by the bureau afterwards; this migration only adds what is missing.
"""

from django.db import migrations

DISTRICTS = [
    ("张家港市", "320582"),
    ("常熟市", "320581"),
    ("太仓市", "320585"),
    ("昆山市", "320583"),
    ("吴江区", "320509"),
    ("吴中区", "320506"),
    ("相城区", "320507"),
    ("姑苏区", "320508"),
    ("苏州工业园区", "320571"),
    ("苏州高新区", "320505"),
]

CHAINS = [
    "生物医药和高端医疗器械",
    "航空航天",
    "集成电路",
    "信息通信与显示",
    "高端装备",
    "新能源汽车和智能网联汽车",
    "软件和信息服务",
    "新材料",
    "新能源",
    "人工智能",
]
CLUSTERS = [
    "纳米新材料",
    "生物医药",
    "高端纺织",
    "新型显示",
    "光通信",
    "智能装备",
    "高端装备制造",
    "集成电路设计与制造",
    "软件与集成电路",
    "汽车及零部件",
    "节能环保",
]


def add_reference_data(apps, schema_editor):
    District = apps.get_model("directory", "District")
    IndustryChain = apps.get_model("directory", "IndustryChain")
    for order, (name, code) in enumerate(DISTRICTS, start=1):
        District.objects.get_or_create(name=name, defaults={"code": code, "sort_order": order})
    for order, name in enumerate(CHAINS, start=1):
        IndustryChain.objects.get_or_create(name=name, defaults={"kind": "chain", "sort_order": order})
    for order, name in enumerate(CLUSTERS, start=101):
        IndustryChain.objects.get_or_create(name=name, defaults={"kind": "cluster", "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
