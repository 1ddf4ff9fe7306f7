"""Account pages. Sign-in is Django's LoginView (django-axes counts the failures through the auth backend)."""

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    """Django's sign-in page; a signed-in user who opens it goes to the home page."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True
