"""Factories of the reviews: expert profiles (the pool), assignments, score sheets; and helpers that bring
applications into expert review and score them through the services."""

from decimal import Decimal

import factory

from reviews.models import AssignmentRun, ExpertAssignment, ExpertProfile, Score, ScoreSheet, SheetReopening

from .accounts import ExpertFactory
from .projects import ProjectFactory


class ExpertAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertAssignment

    project = factory.SubFactory(ProjectFactory)
    expert = factory.SubFactory(ExpertFactory)


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    """An expert of the pool (its user has the expert role); ``expertise``: industry chains."""

    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(ExpertFactory)
    organisation = factory.Sequence(lambda n: f"苏州评审专家单位{n}")
    title = "研究员"
    avoid_organisations = factory.LazyFunction(list)

    @factory.post_generation
    def expertise(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.expertise.set(extracted)


def pool_expert(*, expertise=(), **kwargs) -> ExpertProfile:
    """An expert of the pool, its fields of expertise given (e.g. ``[project.industry]``)."""
    return ExpertProfileFactory(expertise=list(expertise), **kwargs)


def in_review(project, actors=None):
    """Walk ``project`` to expert review (submit, recommend, pass screening); returns the actors."""
    from tests.lifecycle import walk

    return walk(project, ["submit", "recommend", "pass_screening"], actors)


def submit_sheet(assignment, scores=None, *, opinion="同意推荐。", submit=True):
    """The expert of ``assignment`` fills its sheet through the service: ``scores`` is one number per criterion
    (in order), a list of all of them, or a total spread over the criteria by their maxima."""
    from reviews.criteria import criteria_of
    from reviews.scoring import score_sheet_save

    criteria = criteria_of(assignment.project.call)
    if scores is None or isinstance(scores, int | float | Decimal | str):
        total = Decimal(str(scores if scores is not None else 80))
        values = [(total * c.max_score / 100).quantize(Decimal("0.1")) for c in criteria]
        values[-1] += total - sum(values)  # the rounding goes to the last criterion
    else:
        values = [Decimal(str(v)) for v in scores]
    return score_sheet_save(
        assignment=assignment,
        by=assignment.expert,
        scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
        comments={},
        opinion=opinion,
        submit=submit,
    )


def one_of_each_review_row(project, by):
    """A row of each reviews model that walking the main road without an expert pool leaves out (for the admin's
    page-by-page tests): a pool profile, an assignment run, a sheet with a score, a reopening."""
    from reviews.criteria import criteria_of

    profile = ExpertProfileFactory()
    run = AssignmentRun.objects.create(call=project.call, seed=1, per_project=5, requested_by=by)
    assignment = ExpertAssignment.objects.create(project=project, expert=profile.user, run=run)
    sheet = ScoreSheet.objects.create(assignment=assignment, project=project, expert=profile.user, total=Decimal("20"))
    Score.objects.create(sheet=sheet, criterion=criteria_of(project.call)[0], value=Decimal("20"))
    SheetReopening.objects.create(sheet=sheet, reason="请补充评语。", by=by)
    return sheet
