// Generated from shared/openapi/musique.openapi.yaml by scripts/generate-contract.mjs; do not edit.

export const ErrorCodeValues = ["invalid_token","expired_token","insufficient_scope","not_found","already_exists","conflict","missing_field","out_of_range","invalid_format","file_too_large","rate_limit_exceeded","quota_exceeded","internal_error","service_unavailable"] as const;
export type ErrorCodeValue = (typeof ErrorCodeValues)[number];
export const ErrorTypeValues = ["authentication_error","permission_error","not_found_error","validation_error","conflict_error","rate_limit_error","api_error"] as const;
export type ErrorTypeValue = (typeof ErrorTypeValues)[number];
export const FormatValues = ["mp3","wav","ogg","aac"] as const;
export type FormatValue = (typeof FormatValues)[number];
export const PriorityValues = ["low","normal","high","urgent"] as const;
export type PriorityValue = (typeof PriorityValues)[number];
export const PermissionValues = ["audio.read","audio.write","audio.delete","audio.send"] as const;
export type PermissionValue = (typeof PermissionValues)[number];
export const ServiceStatusValues = ["healthy","degraded","down"] as const;
export type ServiceStatusValue = (typeof ServiceStatusValues)[number];
export const WebhookEventTypeValues = ["audio.created","audio.deleted","send.created","send.delivered"] as const;
export type WebhookEventTypeValue = (typeof WebhookEventTypeValues)[number];

/** The documented limits of each operation's inputs. */
export const contractLimits = {
  "sendAudio": {
    "externalIds": {
      "minItems": 1,
      "maxItems": 1000,
      "description": "Target locations; one is a single send, more are an atomic broadcast.",
      "items": {
        "minLength": 1,
        "maxLength": 100
      }
    },
    "scheduleAt": {
      "description": "When to play (ISO 8601). Omitted = now. A time in the past plays now."
    },
    "priority": {
      "enum": [
        "low",
        "normal",
        "high",
        "urgent"
      ],
      "default": "normal",
      "description": "| priority | behaviour |\n|---|---|\n| low | queued after other audio |\n| normal | standard queue |\n| high | plays after the current audio finishes |\n| urgent | interrupts current playback immediately |"
    },
    "repeat": {
      "default": 1,
      "minimum": 1,
      "maximum": 10
    },
    "volume": {
      "default": 100,
      "minimum": 0,
      "maximum": 100
    }
  },
  "uploadAudio": {
    "file": {
      "description": "The audio file (MP3, WAV, OGG or AAC), at most 10 MB.",
      "maxBytes": 10485760
    },
    "name": {
      "examples": [
        "Store Announcement"
      ],
      "minLength": 1,
      "maxLength": 200,
      "description": "Display name. Defaults to the file name without its extension."
    },
    "description": {
      "examples": [
        "New product launch announcement"
      ],
      "maxLength": 2000
    },
    "category": {
      "examples": [
        "announcement"
      ],
      "minLength": 1,
      "maxLength": 100,
      "description": "Free text; common values are `announcement`, `promotion`, `emergency`."
    }
  },
  "listAudio": {
    "limit": {
      "default": 20,
      "minimum": 1,
      "maximum": 100
    },
    "cursor": {
      "minLength": 1,
      "maxLength": 200
    },
    "category": {
      "minLength": 1,
      "maxLength": 100
    },
    "name": {
      "minLength": 1,
      "maxLength": 200
    }
  },
  "idempotencyKey": {
    "minLength": 1,
    "maxLength": 255
  }
} as const;
