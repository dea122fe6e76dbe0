"""Short news stories written for these tests: three incidents, told by several outlets over days."""

from __future__ import annotations

RIVERTON_FIRST = {
    "id": "riverton-1",
    "title": "Two killed, three hurt in Riverton bar shooting",
    "published_at": "2026-03-06T23:40:00",
    "text": "A gunman opened fire outside the Copper Kettle bar on Elm Street in Riverton late Friday, "
    "killing two men and wounding three others, police said. The men, aged 24 and 31, died at the scene. "
    "Officers were still searching for the shooter early Saturday.",
}
RIVERTON_UPDATE = {
    "id": "riverton-2",
    "title": "Third victim dies after Riverton bar shooting",
    "published_at": "2026-03-08T10:15:00",
    "text": "A third man has died after the shooting outside the Copper Kettle bar on Elm Street in "
    "Riverton, police said Sunday. The 24-year-old and 31-year-old victims died at the scene on Friday "
    "night; the third victim, 45, died in hospital on Saturday. Two other people remain in hospital. "
    "No arrest has been made.",
}
RIVERTON_ARREST = {
    "id": "riverton-3",
    "title": "Arrest made in deadly Copper Kettle shooting in Riverton",
    "published_at": "2026-03-10T08:00:00",
    "text": "Riverton police have arrested a 29-year-old man in the shooting outside the Copper Kettle bar "
    "on Elm Street that killed three men and wounded two others. Detectives said the suspect had argued "
    "with one of the victims inside the bar before the gunfire.",
}
LAKEPORT = {
    "id": "lakeport-1",
    "title": "Teen wounded in Lakeport drive-by",
    "published_at": "2026-03-07T07:30:00",
    "text": "A 16-year-old boy was wounded in the leg on Harbor Avenue in Lakeport on Friday evening when "
    "shots rang out from a dark sedan, police said. He was taken to Mercy General and is expected to "
    "survive. Witnesses said the car sped off toward the lake.",
}
FLOOD = {
    "id": "flood-1",
    "title": "Floods kill 14 in northern province",
    "published_at": "2026-03-07T12:00:00",
    "text": "Floodwaters swept through villages in the northern province on Tuesday, killing at least 14 "
    "people, officials said. Rescue teams were still searching for 20 people reported missing after the "
    "river burst its banks.",
}
STORIES = [RIVERTON_FIRST, LAKEPORT, RIVERTON_UPDATE, FLOOD, RIVERTON_ARREST]
# Months later: the trial of the Riverton shooting, and another shooting in the same town.
RIVERTON_TRIAL = {
    "id": "riverton-4",
    "title": "Trial opens for man accused in Copper Kettle bar shooting",
    "published_at": "2026-08-24T16:00:00",
    "text": "The trial of a 29-year-old Riverton man charged with murder in the March shooting outside the "
    "Copper Kettle bar on Elm Street began Monday. Three men were killed and two other people wounded when "
    "gunfire erupted after an argument inside the bar, prosecutors told the jury.",
}
RIVERTON_OTHER = {
    "id": "riverton-5",
    "title": "Man wounded in shooting near Riverton gas station",
    "published_at": "2026-08-22T02:10:00",
    "text": "Police said a man of 38 took a bullet to the arm outside a gas station on Oak Avenue in "
    "Riverton early Saturday. A friend drove him to hospital, where he is expected to recover. No suspect "
    "has been named.",
}
