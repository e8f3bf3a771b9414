package walkthrough

import "github.com/cspfix/cspfix/scenarios"

type text = scenarios.Text

// labels are the walkthrough's own texts; the questions' texts come from the catalog.
var labels = struct {
	Yes, No, DontKnow, Found, NotFound, NotChecked                           text
	Groups                                                                   [3]text
	DidItWork, FixedYes, FixedNo, FixedLater, WhatHappened, WhatHappenedHelp text
	Done, Paused, NotYet, TimeFormats, BadTime, IDsMatch, IDsDiffer          text
}{
	Yes:        text{EN: "Yes", DE: "Ja"},
	No:         text{EN: "No", DE: "Nein"},
	DontKnow:   text{EN: "Don't know yet", DE: "Noch nicht bekannt"},
	Found:      text{EN: "Found", DE: "Gefunden"},
	NotFound:   text{EN: "Not found", DE: "Nicht gefunden"},
	NotChecked: text{EN: "Not checked yet", DE: "Noch nicht geprüft"},
	Groups: [3]text{
		{EN: "1/3 The failed attempt", DE: "1/3 Der fehlgeschlagene Versuch"},
		{EN: "2/3 Ask the customer", DE: "2/3 Fragen an den Kunden"},
		{EN: "3/3 Check your own systems", DE: "3/3 Eigene Systeme prüfen"},
	},
	DidItWork:  text{EN: "Did these steps fix the error?", DE: "Haben diese Schritte den Fehler behoben?"},
	FixedYes:   text{EN: "Yes, the error is gone", DE: "Ja, der Fehler ist weg"},
	FixedNo:    text{EN: "No, the error is still there", DE: "Nein, der Fehler besteht weiter"},
	FixedLater: text{EN: "Later: save the case and resume it then", DE: "Später: Fall speichern und dann fortsetzen"},
	WhatHappened: text{
		EN: "What did you do, and what happened? (optional)",
		DE: "Was haben Sie getan, und was ist passiert? (optional)"},
	WhatHappenedHelp: text{
		EN: "A short note for the record and for partner support.",
		DE: "Eine kurze Notiz für die Akte und den Partner-Support."},
	Done:   text{EN: "Fixed by {scenario}: {title}.", DE: "Behoben durch {scenario}: {title}."},
	Paused: text{EN: "Paused: try again after {time}.", DE: "Pausiert: erneut versuchen nach {time}."},
	NotYet: text{
		EN: "This case was paused to wait until {time}; if it is too early, the error may still show.",
		DE: "Dieser Fall wurde pausiert, um bis {time} zu warten; ist es noch zu früh, kann der Fehler noch auftreten."},
	TimeFormats: text{
		EN: "For example: now, 14:05, 2026-11-20 14:05, 2h ago. Leave empty if unknown.",
		DE: "Zum Beispiel: jetzt, 14:05, 20.11.2026 14:05, vor 2 Std. Leer lassen, wenn unbekannt."},
	BadTime: text{
		EN: "not a time cspfix understands; try 14:05, 2026-11-20 14:05 or 2h ago",
		DE: "keine Zeit, die cspfix versteht; versuchen Sie 14:05, 20.11.2026 14:05 oder vor 2 Std."},
	IDsMatch:  text{EN: "✓ It matches the tenant ID you entered.", DE: "✓ Sie stimmt mit der eingegebenen Tenant-ID überein."},
	IDsDiffer: text{EN: "✗ It differs from the tenant ID you entered:", DE: "✗ Sie weicht von der eingegebenen Tenant-ID ab:"},
}
