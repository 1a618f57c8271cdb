"""Generated answers for operations without hand-written behaviour: a template per operation and
seed (`templates`), values synthesized from the schema and the field names (`synth`, `conform`,
`name_rules`), and the request's identifiers echoed back (`echo`)."""
from .templates import clear_cache, generated_response, template_for

__all__ = ["clear_cache", "generated_response", "template_for"]
