"""Page furniture that tells no incident of this report, blanked before the text is read:

- "Read also: Two killed, two injured in Russian strikes on Kherson region": the headline of another story,
  linked from this one (often glued to the sentence before it: "...the statement said.Read also: ..."), or
  on the line right after a bare "Read also:" ("... he wrote. Read also:" / "Missile attack on Kyiv: All
  targets shot down"), a line with no full stop at its end;
- "Editor's note: This is a developing story and is being updated.": a note about the page;
- "© UNICEF/Oleksii Filippov An apartment building damaged by shelling in Kyiv, Ukraine. (Feb 2024)": a photo
  caption led by its credit, a picture (often a file photo) rather than the report's incident; so is a line
  that says it is a picture ("This photograph shows a destroyed house in the town of Kupiansk ...") or ends
  with the picture's credit ("... (Photo by SERGEY BOBOK / AFP)", "(Photo:State Emergency Service)").

Blanked with spaces (line breaks kept), not cut, so the offsets of everything else stay as they were.
"""

import re

_FURNITURE = re.compile(
    r"\b(?:read\s+(?:also|more)|see\s+also|related)\s*:[ \t]*\n[ \t]*[^\s][^\n]*[^.!?\"”\s][ \t]*$|"
    r"\b(?:read\s+(?:also|more)|see\s+also|related)\s*:[^\n]*|"
    r"\beditor['’]s\s+note\s*:\s*(?:this\s+is\s+a\s+developing\s+story|this\s+story\s+(?:is|was|has\s+been)\s+"
    r"(?:being\s+)?updated|the\s+story\s+is\s+being\s+updated)[^\n]*|"
    r"^[ \t]*©[^\n]*|"
    r"^[ \t]*(?:this|the|a|an)\s+(?:photo(?:graph)?|picture|image)\s+(?:[\w,'’-]+\s+){0,8}?shows\b[^\n]*|"
    r"^[^\n]{0,300}\((?:[\w]+\s+)?photo(?:\s+by\b|\s*:)[^)\n]*\)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def blank_furniture(text: str) -> str:
    """The text with its linked headlines and page notes blanked."""
    return _FURNITURE.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), text)
