/* How a card reads on the console: its author, its words as a title, its group, its repeats. */
import { C, t } from './session.js';

export function author(card) {
  return C.authorLine(card);
}

/** A card's words as a title: whitespace collapsed, cut at a word near 60 characters. */
export function shortText(text) {
  var s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= 60) return s;
  var cut = s.slice(0, 59);
  var space = cut.lastIndexOf(' ');
  return (space > 30 ? cut.slice(0, space) : cut) + '…';
}

/** The group a card is in, or null (a card may point at a group that was just removed). */
export function groupOf(lv, card) {
  return card && lv.clusters[card.cluster_id] ? card.cluster_id : null;
}

export var expanded = {}; // card id -> true where its repeats are listed
