import { ERROR_CODES, type ErrorCode } from '@leadpulse/contract/error-codes';

/** Error messages by API error code: the contract's English, and French for every code. */
const FR: Record<ErrorCode | 'network_error', string> = {
  invalid_json: "Le corps de la requête n'est pas du JSON valide.",
  invalid_body: "Le corps est du JSON mais n'a pas la forme attendue.",
  payload_too_large: 'La requête dépasse 500 Ko.',
  event_too_large: 'Un événement dépasse 32 Ko.',
  unsupported_media_type: "Le type de contenu n'est ni JSON ni texte.",
  unsupported_encoding: "L'encodage du contenu n'est pas pris en charge.",
  missing_write_key: "Clé d'écriture manquante.",
  invalid_write_key: "La clé d'écriture est inconnue ou révoquée.",
  origin_not_allowed: "L'origine de la requête n'est pas autorisée pour cette clé.",
  missing_admin_token: 'Vous devez vous connecter.',
  invalid_admin_token: "Le jeton d'administration est inconnu ou révoqué.",
  events_rejected: "Certains événements ont été refusés ; les autres sont enregistrés.",
  contact_not_found: 'Aucun contact ne correspond.',
  too_many_linked_contacts: "Trop de contacts sont liés à celui-ci par des appels alias pour les traiter ensemble ; vérifiez-les, puis utilisez ?followAliases=false.",
  invalid_query: 'Un paramètre est manquant ou invalide.',
  invalid_doctrine: 'La doctrine est invalide ; chaque problème indique son emplacement.',
  doctrine_not_found: 'Aucune version de doctrine ne correspond.',
  key_not_found: "Aucune clé active n'a cet identifiant.",
  cost_line_not_found: "Aucune ligne de coût n'a cet identifiant.",
  segment_not_found: "Aucun segment enregistré n'a ce nom.",
  unauthenticated: 'Votre session a expiré : reconnectez-vous.',
  invalid_credentials: "L'e-mail ou le mot de passe est incorrect.",
  too_many_attempts: 'Trop de tentatives de connexion ; réessayez plus tard.',
  csrf_failed: 'La requête a été refusée par la protection CSRF ; rechargez la page.',
  forbidden: "Votre rôle ne permet pas cette action.",
  user_not_found: 'Aucun utilisateur ne correspond.',
  email_taken: 'Un utilisateur a déjà cet e-mail.',
  invalid_user: "L'e-mail ou le mot de passe du nouvel utilisateur n'est pas acceptable.",
  last_admin: 'Le dernier administrateur ne peut être ni supprimé ni changé de rôle.',
  wrong_password: "Le mot de passe actuel est incorrect ; rien n'a changé.",
  weak_password: "Le nouveau mot de passe est trop court ; rien n'a changé.",
  not_found: 'Cette adresse ne correspond à rien.',
  rate_limited: 'Trop de requêtes ; réessayez plus tard.',
  tracker_not_built: "Le script de suivi n'a pas été construit.",
  dashboard_not_built: "Le tableau de bord n'a pas été construit.",
  not_ready: 'La base de données est injoignable.',
  store_unavailable: "La base de données est injoignable pour l'instant ; réessayez dans quelques secondes.",
  internal_error: 'Une erreur inattendue est survenue ; le journal du serveur a les détails.',
  network_error: 'Le serveur ne répond pas ; vérifiez votre connexion.',
};

const EN: Record<string, string> = { ...ERROR_CODES, missing_admin_token: 'You need to sign in.', unauthenticated: 'Your session has ended: sign in again.', network_error: 'The server does not answer; check your connection.' };

export const errorMessages: Record<'en' | 'fr', Record<string, string>> = { en: EN, fr: FR };
