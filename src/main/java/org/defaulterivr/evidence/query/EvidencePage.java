package org.defaulterivr.evidence.query;

import java.util.List;

/** One page of search results and where the next one starts (null on the last page). */
public record EvidencePage(List<LoggedEvidence> records, SearchCursor next) {
}
