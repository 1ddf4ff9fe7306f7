"""Factories of the reviews: expert assignments."""

import factory

from reviews.models import ExpertAssignment

from .accounts import ExpertFactory
from .projects import ProjectFactory


class ExpertAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertAssignment

    project = factory.SubFactory(ProjectFactory)
    expert = factory.SubFactory(ExpertFactory)
