from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from content.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def subject_url(context, name: str, *args) -> str:
    """A subject page's URL for the page's subject (``/s2/practice/``), or the unprefixed
    one (the learner's last subject) where the page has none."""
    subject = context.get("current_subject")
    return reverse(name, args=[subject.key, *args]) if subject else reverse(name, args=args)
