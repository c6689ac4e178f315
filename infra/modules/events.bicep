// Key Vault events to Switchboard: an Event Grid system topic on the service vault, and (once the
// code is deployed) a webhook subscription to /api/events/keyvault. Event Grid authenticates
// each delivery with an Entra ID token for the API's audience, so no key sits in the URL.

@description('The service\'s own Key Vault, the source of the events.')
param keyVaultName string

@description('Region of the vault; a system topic lives where its source does.')
param location string

@description('Tags for the topic.')
param tags object

@description('Name of the system topic.')
param topicName string

@description('The webhook: https://<app>/api/events/keyvault.')
param endpointUrl string

@description('Entra ID tenant that issues the delivery tokens.')
param tenantId string

@description('Audience of the API (application id or application ID URI of its app registration).')
param authAudience string

@description('Create the webhook subscription. Event Grid validates the endpoint when it creates the subscription, so the code must be deployed first.')
param deploySubscription bool

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    source: vault.id
    topicType: 'Microsoft.KeyVault.vaults'
  }
}

resource keyVaultEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deploySubscription) {
  parent: topic
  name: 'switchboard-keyvault'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // Write-only in the Event Grid API because a URL may carry a key; ours does not (the
        // delivery is authenticated by the Entra ID token below), so a plain parameter is right.
        #disable-next-line use-secure-value-for-secure-inputs
        endpointUrl: endpointUrl
        azureActiveDirectoryTenantId: tenantId
        azureActiveDirectoryApplicationIdOrUri: authAudience
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.KeyVault.SecretNewVersionCreated'
        'Microsoft.KeyVault.SecretNearExpiry'
        'Microsoft.KeyVault.SecretExpired'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output topicName string = topic.name
