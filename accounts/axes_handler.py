from axes.handlers.database import AxesDatabaseHandler


class SignInHandler(AxesDatabaseHandler):
    """django-axes' database handler, without writes on a successful sign-in: it keeps no
    access log here (the security audit log has every sign-in), resets nothing
    (AXES_RESET_ON_SUCCESS is off), and expired failures are swept whenever the next failure
    is counted. A sign-in so costs axes only its two lockout checks."""

    def user_logged_in(self, sender, request, user, **kwargs):
        return None
