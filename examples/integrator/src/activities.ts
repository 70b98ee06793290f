/** The application's own activities, registered on its worker beside the case activities. */
export function createActivities() {
  return {
    /** Where the application would tell its own systems that a case moved on; here, a receipt line. */
    async bevestigOntvangst(caseId: string, stage: string): Promise<string> {
      return `ontvangst bevestigd: ${caseId} in ${stage}`;
    },
  };
}
