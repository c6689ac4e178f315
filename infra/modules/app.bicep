// The Function App on Flex Consumption, running Switchboard.Functions as a .NET 10 isolated worker:
// the host reads functions.metadata (the HTTP API, the timers, the Durable Functions orchestrations
// and activities) and starts the worker that worker.config.json names. Every connection is made as
// the user-assigned identity.

@description('Name of the Function App.')
param name string

@description('Name of its Flex Consumption plan.')
param planName string

@description('Region of the app and its plan.')
param location string

@description('Tags for the app and its plan.')
param tags object

@description('User-assigned identity the app runs as.')
param identityName string

@description('Storage account for the host, the Durable Functions task hub, Switchboard\'s tables and queues, and the deployment package.')
param storageAccountName string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights component for telemetry.')
param applicationInsightsName string

@description('URI of the service\'s own Key Vault.')
param keyVaultUri string

@description('Entra ID authority that issues the API\'s tokens.')
param authAuthority string

@description('Audience the API\'s tokens must carry.')
param authAudience string

@description('Durable Functions task hub (host.json extensions.durableTask.hubName reads it): 3-45 letters and digits, starting with a letter. Never the standalone Server\'s hub ({prefix}SwitchboardServer) on the same storage account.')
@minLength(3)
@maxLength(45)
param durableHubName string = 'SwitchboardFunctions'

@description('When the expiry scan runs: six-field NCRONTAB, UTC.')
param expiryScanSchedule string = '0 0 * * * *'

@description('When the daily Key Vault check runs: six-field NCRONTAB, UTC.')
param keyVaultCheckSchedule string = '0 0 3 * * *'

@description('When finished operations are purged: six-field NCRONTAB, UTC.')
param operationsPurgeSchedule string = '0 30 * * * *'

@description('Most instances the plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the app it deploys the 'api' service to by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // An app setting written as a Key Vault reference resolves as this identity too.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption derives FUNCTIONS_WORKER_RUNTIME=dotnet-isolated from here (and refuses it
      // as an app setting). The package is framework-dependent: the image's .NET 10 runs it.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // The host's storage, by identity: no AzureWebJobsStorage connection string, no account key.
      // Timers and Durable Functions (Azure Storage backend) use all three services; rbac.bicep
      // grants the roles they need.
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      // DefaultAzureCredential picks the user-assigned identity by this client id.
      AZURE_CLIENT_ID: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      Switchboard__KeyVault__ManagedVaultUri: keyVaultUri
      Switchboard__Auth__Authority: authAuthority
      Switchboard__Auth__Audience: authAudience
      // Its own task hub; the timer triggers read their schedules from these (%Switchboard:Schedules:...%).
      Switchboard__Durable__HubName: durableHubName
      Switchboard__Schedules__ExpiryScan: expiryScanSchedule
      Switchboard__Schedules__KeyVaultCheck: keyVaultCheckSchedule
      Switchboard__Schedules__OperationsPurge: operationsPurgeSchedule
    }
  }

  // Deployments authenticate with Entra ID; publishing with basic credentials stays off.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = app.name
output hostName string = app.properties.defaultHostName
