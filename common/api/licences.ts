/**
 * GET /api/licences/compliance?q=: licence compliance per software title (`q`: only titles whose
 * name or publisher contain it), computed by the server
 * over the licences, their seats and the installs its inventories recorded (software_installs),
 * with the shared rule (common/assets/compliance.ts licenceCompliance) the app runs over its
 * replica. For integrations and reports; the app counts from its replica, offline too.
 */
import type { TitleCompliance } from '../assets/compliance';

export const LICENCE_COMPLIANCE_PATH = '/api/licences/compliance';

export interface LicenceComplianceResponse {
  /** Every title with a licence or an install on a device the caller sees: licensed titles first, most over-used first. */
  titles: TitleCompliance[];
  /** Devices whose installs were counted (the inventoried assets the caller sees). */
  inventoriedAssets: number;
  /** Seats on assets the caller does not see, left out of the counts (a technician's view of their own site). */
  seatsLeftOut: number;
}
