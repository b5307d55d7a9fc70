"""Ask to be called back (with consent), and follow a request by its reference."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mobile.a11y import A11yToggle
from mobile.screens.base import BaseScreen
from totalacces import vocabulary
from totalacces.client import ApiError

if TYPE_CHECKING:
    from totalacces.client import ApiClient

CONSENT_VERSION = "2026-01"
CONSENT_TEXT = (
    "J'accepte que Total Accès transmette mon prénom et mes coordonnées à une structure proche "
    "pour qu'elle me recontacte. Elles sont effacées trois mois après la fin de ma demande, "
    "au plus tard après un an."
)
CHANNELS = list(vocabulary.CHANNEL_LABELS.items())
SLOTS = [(key, vocabulary.TIME_SLOT_LABELS[key]) for key in ("morning", "afternoon", "evening")]
TOPICS = list(vocabulary.TOPIC_LABELS.items())
PHONE_RE = re.compile(r"^(?:\+33|0)[1-9](?:[ .-]?\d{2}){4}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CallbackScreen(BaseScreen):
    screen_name = "callback"
    title = "Être rappelé"

    def build(self) -> None:
        self.channel, self.slot, self.topic = "call", "afternoon", "training"
        self.code_insee: str | None = None
        self.text("Un conseiller vous rappelle. Remplissez les champs obligatoires.")
        self.first_name = self.field("Prénom (obligatoire)")
        self.phone = self.field(
            "Téléphone", hint="Obligatoire pour un appel ou un SMS", input_type="tel"
        )
        self.email = self.field("E-mail", hint="Obligatoire pour une réponse par e-mail")
        self.age = self.field("Âge (obligatoire)", input_filter="int")
        self.commune = self.field("Commune ou code postal (obligatoire)")
        self.text("Comment vous répondre ?", kind="heading")
        self.choices(CHANNELS, self.channel, lambda v: setattr(self, "channel", v))
        self.text(vocabulary.CHANNEL_NOTE)  # nothing is sent by the service itself
        self.text("Quand ?", kind="heading")
        self.choices(SLOTS, self.slot, lambda v: setattr(self, "slot", v))
        self.text("Pour quoi ?", kind="heading")
        self.choices(TOPICS, self.topic, lambda v: setattr(self, "topic", v))
        self.message = self.field("Message (facultatif)", multiline=True)
        self.text(CONSENT_TEXT)
        self.consent: A11yToggle = self.toggle("J'accepte (obligatoire)")
        self.button("Envoyer ma demande", self.submit)
        self.status = self.section()
        self.button(
            "Suivre une demande déjà envoyée", lambda: self.host.navigate("callback_status")
        )

    def prepare(self, code_insee: str | None = None, topic: str | None = None, **_: Any) -> None:
        self.code_insee = code_insee
        if topic:
            self.topic = topic

    def problems(self) -> list[str]:
        out = []
        if not self.first_name.text.strip():
            out.append("écrivez votre prénom")
        phone = self.phone.text.strip()
        email = self.email.text.strip()
        if self.channel in ("call", "sms") and not PHONE_RE.match(phone):
            out.append("écrivez un numéro de téléphone à 10 chiffres")
        if self.channel == "email" and not EMAIL_RE.match(email):
            out.append("écrivez une adresse e-mail valide")
        age = self.age.text.strip()
        if not age.isdigit() or not 12 <= int(age) <= 99:
            out.append("écrivez votre âge en chiffres")
        if not self.commune.text.strip() and not self.code_insee:
            out.append("écrivez votre commune")
        if not self.consent.active:
            out.append("cochez « J'accepte » pour que nous puissions vous rappeler")
        return out

    def submit(self) -> None:
        problems = self.problems()
        if problems:
            self.say_in(self.status, "Erreur : " + " ; ".join(problems) + ".", "alert")
            return
        base = {
            "first_name": self.first_name.text.strip(),
            "phone": self.phone.text.strip() or None,
            "email": self.email.text.strip() or None,
            "channel": self.channel,
            "time_slot": self.slot,
            "age": int(self.age.text.strip()),
            "topic": self.topic,
            "message": self.message.text.strip(),
            "consent": True,
            "consent_version": CONSENT_VERSION,
        }
        commune = self.commune.text.strip()
        known_code = self.code_insee

        def job(client: ApiClient) -> dict[str, Any]:
            code = known_code
            if commune:
                found = client.places(commune)
                candidates = found.get("candidates") or []
                if not candidates:
                    raise LookupError(commune)
                code = candidates[0]["code_insee"]
            return client.create_callback(dict(base, code_insee=code))

        self.show_loading(self.status, "Envoi de votre demande.")
        self.host.call_api(job, self.sent, self.failed)

    def failed(self, exc: Exception) -> None:
        if isinstance(exc, LookupError):
            self.say_in(
                self.status, f"Erreur : commune « {exc} » introuvable. Vérifiez-la.", "alert"
            )
            return
        if isinstance(exc, ApiError) and exc.status == 409 and "alternative" in exc.problem:
            self.not_taken(exc.detail, exc.problem.get("alternative") or {})
            return
        self.show_error(self.status, exc, self.submit)

    def not_taken(self, detail: str, alternative: dict[str, Any]) -> None:
        """Nobody near the person reads requests here: the server kept nothing; whom to call."""
        self.status.clear_widgets()
        widget = self.text(
            f"Demande non transmise. {detail} Nous n'avons rien gardé de vos informations.",
            parent=self.status,
        )
        network = alternative.get("network_contact") or {}
        phone = alternative.get("phone") or network.get("phone")
        name = alternative.get("name") or network.get("name") or ""
        if phone:
            self.button(
                f"Appeler {name} au {phone}",
                lambda: self.host.platform.dial(str(phone)),
                parent=self.status,
                hint="Ouvre le téléphone avec le numéro",
            )
        self.host.focus_and_say(widget, widget.text)

    def sent(self, data: dict[str, Any]) -> None:
        self.status.clear_widgets()
        reference = str(data.get("reference", ""))
        spaced = " ".join(reference)
        message = f"Demande envoyée. Votre référence : {reference}."
        structure = data.get("structure") or {}
        if structure.get("name"):
            message += f" Elle est transmise à : {structure['name']}."
        if data.get("demo"):
            message += " Attention : c'est une démonstration, personne ne vous rappellera vraiment."
        message += " " + vocabulary.CONFIRMATION_NOTE
        widget = self.text(message, parent=self.status)
        self.last_reference = reference
        speech = str(data.get("speech") or message)
        self.host.focus_and_say(widget, f"{speech} Référence : {spaced}.")


class CallbackStatusScreen(BaseScreen):
    screen_name = "callback_status"
    title = "Suivre ma demande"

    def build(self) -> None:
        self.reference = self.field("Référence de la demande", submit=self.check)
        self.button("Voir l'état", self.check)
        self.status = self.section()

    def prepare(self, reference: str | None = None, **_: Any) -> None:
        if reference:
            self.reference.text = reference

    def check(self) -> None:
        reference = self.reference.text.strip()
        if not reference:
            self.say_in(self.status, "Erreur : écrivez la référence reçue.", "alert")
            return
        self.fetch_into(
            self.status,
            "Recherche de votre demande.",
            lambda client: client.callback_status(reference),
            self.shown,
            self.check,
        )

    def shown(self, data: dict[str, Any]) -> None:
        status = str(data.get("status", ""))
        words = vocabulary.STATUS_FOR_REQUESTER.get(status, status)
        message = str(data.get("speech") or f"Demande {data.get('reference', '')}. {words}")
        self.say_in(self.status, message)
