"""Pseudonyms for people who prefer not to give their name."""

from workshop.domain.errors import N_

# Birds and trees of Latin America: friendly, neutral, easy to say aloud in a hall.
PSEUDONYM_WORDS = (
    N_("Hummingbird"),
    N_("Condor"),
    N_("Quetzal"),
    N_("Toucan"),
    N_("Macaw"),
    N_("Jaguar"),
    N_("Ceiba"),
    N_("Guanacaste"),
    N_("Hornero"),
    N_("Vicuna"),
    N_("Tapir"),
    N_("Capybara"),
    N_("Jacaranda"),
    N_("Araucaria"),
    N_("Flamingo"),
)


def pseudonym_word(number: int) -> str:
    """The untranslated word for the participant's pseudonym; the number makes it unique."""
    return PSEUDONYM_WORDS[number % len(PSEUDONYM_WORDS)]


FIRST_NAME_MAX = 24


def first_name(name: str) -> str:
    """How the projector's lobby greets someone: the first word of their name, with a title
    such as "Licda." kept to the word after it ("Licda. Gómez"), never the whole name."""
    words = name.split()
    taken = []
    for word in words:
        taken.append(word)
        if not word.endswith("."):
            break
    return " ".join(taken)[:FIRST_NAME_MAX]
