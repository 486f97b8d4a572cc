"""A security key made of software, for tests: it answers allauth's WebAuthn pages
as a real key in a browser would, so a test can add a key and sign in with it.

Why hand-made: nothing ready-made fits. allauth's own tests skip the key's checks
(fixtures in its source tree, not in the installed package, patch fido2's server
to accept anything), so they would not show that a wrong signature is refused.
fido2 holds the data formats but no authenticator to drive them (its own talk to
USB and NFC devices). So this builds what a key sends from fido2's formats: an
EC P-256 key pair made with `cryptography`, a credential with "none" attestation,
and assertions signed over authenticatorData + SHA-256(clientDataJSON).
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticationExtensionsClientOutputs,
    AuthenticationResponse,
    AuthenticatorAssertionResponse,
    AuthenticatorAttestationResponse,
    AuthenticatorData,
    CollectedClientData,
    RegistrationResponse,
)

# The Django test client's host and address: the relying party allauth names.
ORIGIN = "http://testserver"
NO_AAGUID = bytes(16)  # a key that does not say what make it is, as with "none" attestation


class SoftwareSecurityKey:
    """One credential on one key, as navigator.credentials.create() and .get() return it."""

    def __init__(self) -> None:
        self._private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    def register(self, creation_options: dict[str, Any], origin: str = ORIGIN) -> str:
        """The key's answer to allauth's add page (its `creation_options`), as the
        JSON the page's script puts in the form's hidden `credential` field."""
        options = creation_options["publicKey"]
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.CREATE,
            challenge=websafe_decode(options["challenge"]),
            origin=origin,
        )
        credential = AttestedCredentialData.create(
            NO_AAGUID,
            self.credential_id,
            ES256.from_cryptography_key(self._private_key.public_key()),
        )
        auth_data = AuthenticatorData.create(
            _rp_id_hash(options["rp"]["id"]),
            AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT,
            self.sign_count,
            credential,
        )
        response = RegistrationResponse(
            raw_id=self.credential_id,
            response=AuthenticatorAttestationResponse(
                client_data=client_data,
                attestation_object=AttestationObject.create("none", auth_data, {}),
            ),
            client_extension_results=AuthenticationExtensionsClientOutputs(
                {"credProps": {"rk": False}}
            ),
        )
        return json.dumps(dict(response))

    def sign(
        self, request_options: dict[str, Any], origin: str = ORIGIN, *, spoil: bool = False
    ) -> str:
        """The key's signed answer to allauth's sign-in challenge (its
        `request_options`), as JSON for the form's `credential` field. With
        `spoil`, one byte of the signature is changed, as a forger would send."""
        options = request_options["publicKey"]
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.GET,
            challenge=websafe_decode(options["challenge"]),
            origin=origin,
        )
        self.sign_count += 1
        auth_data = AuthenticatorData.create(
            _rp_id_hash(options["rpId"]), AuthenticatorData.FLAG.UP, self.sign_count
        )
        signature = self._private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        if spoil:
            signature = signature[:-1] + bytes([signature[-1] ^ 0x01])
        response = AuthenticationResponse(
            raw_id=self.credential_id,
            response=AuthenticatorAssertionResponse(
                client_data=client_data, authenticator_data=auth_data, signature=signature
            ),
        )
        return json.dumps(dict(response))


def _rp_id_hash(rp_id: str) -> bytes:
    return hashlib.sha256(rp_id.encode()).digest()
