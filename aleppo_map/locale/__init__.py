"""The interface's gettext catalog (messages.pot, <lang>/LC_MESSAGES/messages.po and .mo)
and the long texts in each language (method-<lang>.md); tools/i18n.py keeps them in step."""
