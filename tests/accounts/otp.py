"""Codes of a TOTP device, as the person's authenticator app would show them."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
